package cess.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The pure core stays pure: no container, persistence, security framework, clock or randomness. */
@AnalyzeClasses(packages = "cess", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule modelIsPure = noClasses().that().resideInAPackage("..model..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax.persistence..", "org.apache.shiro..",
                    "org.eclipse.microprofile..", "org.apache.activemq..", "org.flywaydb..", "org.h2..",
                    "..control..", "..boundary..", "..entity..", "cess.platform..", "cess.security..");

    @ArchTest
    static final ArchRule modelHasNoClockOrRandomness = noClasses().that().resideInAPackage("..model..")
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(java.time.Instant.class, "now")
            .orShould().callConstructor(java.util.Random.class)
            .orShould().callConstructor(java.security.SecureRandom.class);

    @ArchTest
    static final ArchRule sharedIsPure = noClasses().that().resideInAPackage("cess.shared..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "org.apache.shiro..", "org.eclipse.microprofile..");

    @ArchTest
    static final ArchRule boundariesDoNotTouchEntities = noClasses().that().resideInAPackage("..boundary..")
            .should().dependOnClassesThat().resideInAPackage("..entity..");
}

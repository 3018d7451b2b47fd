package cess.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pure core stays pure: no container, persistence, security framework, clock or randomness
 * in {@code model} packages. Plain JUnit tests (rather than ArchUnit's own engine) so that each
 * rule is counted and reported like any other test.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cess");
    }

    @Test
    void modelUsesNoContainerPersistenceOrSecurityApi() {
        noClasses().that().resideInAPackage("..model..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "javax.persistence..", "org.apache.shiro..",
                        "org.eclipse.microprofile..", "org.apache.activemq..", "org.flywaydb..", "org.h2..",
                        "..control..", "..boundary..", "..entity..", "..wire..", "cess.platform..", "cess.security..",
                        "cess.cli..")
                .check(classes);
    }

    @Test
    void modelHasNoClockOrRandomnessOfItsOwn() {
        noClasses().that().resideInAPackage("..model..")
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callConstructor(java.util.Random.class)
                .orShould().callConstructor(java.security.SecureRandom.class)
                .check(classes);
    }

    @Test
    void sharedValueTypesAndErasureCodingArePure() {
        noClasses().that().resideInAnyPackage("cess.shared..", "cess.erasure..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "org.apache.shiro..",
                        "org.eclipse.microprofile..", "cess.ledger..", "cess.consensus..", "cess.platform..")
                .check(classes);
    }

    @Test
    void boundariesNeverTouchEntities() {
        noClasses().that().resideInAPackage("..boundary..")
                .should().dependOnClassesThat().resideInAPackage("..entity..")
                .check(classes);
    }

    @Test
    void theCliUsesOnlyWhatItsJarCarries() {
        noClasses().that().resideInAPackage("cess.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("..control..", "..boundary..", "..entity..",
                        "cess.platform..", "cess.security..", "cess.network.control..", "jakarta.ws..", "jakarta.persistence..",
                        "jakarta.ejb..", "jakarta.enterprise..")
                .check(classes);
    }

    /**
     * Every package is a slice, and no two depend on each other, however indirectly: a package
     * can be understood, tested and replaced with what it depends on, never with what depends on it.
     */
    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("cess.(**)").should().beFreeOfCycles().check(classes);
    }
}

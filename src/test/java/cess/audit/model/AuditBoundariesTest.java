package cess.audit.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The audit's rules lean on the ledger core's contracts and the shared value types only: no
 * other module (the storage module reaches them through {@link Holdings}), no runtime, nothing
 * outside the JDK. (The module's node-side packages, {@code boundary}, {@code control} and
 * {@code wire}, use the container and JSON-P; {@code ModuleBoundariesTest} keeps them off the
 * other modules.)
 */
class AuditBoundariesTest {
    static final ArchRule ONLY_SHARED_LEDGER_AND_JDK = classes().that().resideInAPackage("cess.audit.model..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("cess.audit.model..", "cess.shared..", "cess.ledger.model..", "java..")
            .because("cess.audit.model imports cess.ledger.model and cess.shared, nothing else");

    @Test
    void theAuditModelImportsOnlySharedTheLedgerCoreAndTheJdk() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cess.audit.model");
        assertTrue(main.size() >= 12, "the rule sees the audit classes: " + main.size());
        ONLY_SHARED_LEDGER_AND_JDK.check(main);
    }

    @Test
    void theRuleCatchesAnImportOfAnotherLibrary() {
        // The tests of this package use JUnit: the rule, run over them, must object.
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("cess.audit.model");
        assertThrows(AssertionError.class, () -> ONLY_SHARED_LEDGER_AND_JDK.check(tests));
    }
}

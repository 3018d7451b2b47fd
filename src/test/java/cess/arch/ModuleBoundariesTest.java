package cess.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's shape: the ledger core and consensus know no module, and modules do not reach
 * into one another; only the runtime composes them. Each rule is also run against a package
 * planted to break it ({@code cess.arch.planted}), so that a rule which matches nothing cannot
 * pass unnoticed.
 */
class ModuleBoundariesTest {
    /** The modules above the ledger core (balances lives in the core). */
    static final List<String> MODULES = List.of("storage", "staking", "governance", "audit", "oss", "incentive");
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cess");
    }

    static String[] packagesOf(List<String> modules) {
        return modules.stream().map(m -> "cess." + m + "..").toArray(String[]::new);
    }

    /** Classes in {@code guarded} name no module and not the runtime that composes them. */
    static ArchRule knowsNoModule(String guarded, String why) {
        String[] forbidden = Arrays.copyOf(packagesOf(MODULES), MODULES.size() + 1);
        forbidden[MODULES.size()] = "cess.runtime..";
        return noClasses().that().resideInAPackage(guarded).should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because(why);
    }

    /** Classes in {@code guarded}, module {@code module}'s code, name no other module and not the runtime. */
    static ArchRule keepsToItself(String guarded, String module) {
        String[] others = packagesOf(MODULES.stream().filter(m -> !m.equals(module)).toList());
        return noClasses().that().resideInAPackage(guarded)
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .orShould().dependOnClassesThat().resideInAPackage("cess.runtime..")
                .because("a module reaches another only through contracts the ledger core declares");
    }

    static final String CONSENSUS = "consensus orders blocks for an Application and must not know what the modules are";
    static final String LEDGER = "modules build on the ledger core, not the other way round";

    @Test
    void consensusImportsNoModule() {
        knowsNoModule("cess.consensus..", CONSENSUS).check(classes);
    }

    @Test
    void theLedgerCoreImportsNoModule() {
        knowsNoModule("cess.ledger..", LEDGER).check(classes);
    }

    @Test
    void modulesDoNotImportEachOther() {
        for (String m : MODULES) {
            keepsToItself("cess." + m + "..", m).check(classes);
        }
    }

    @Test
    void theRulesCatchPlantedViolations() {
        JavaClasses planted = new ClassFileImporter().importPackages("cess.arch.planted");
        assertThrows(AssertionError.class, () -> knowsNoModule("cess.arch.planted.consensus..", CONSENSUS).check(planted));
        assertThrows(AssertionError.class, () -> keepsToItself("cess.arch.planted.storage..", "storage").check(planted));
    }
}

package cess.runtime.control;

import cess.consensus.model.Application;
import cess.consensus.model.Genesis;
import cess.ledger.model.Schema;
import cess.platform.NodeConfig;
import cess.runtime.model.RuntimeApplication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Hands the node its chain: the genesis named by {@code cess.genesis}, the application that runs
 * its blocks (the standard runtime under the genesis's parameters), and the schema every stored
 * or received transaction and state entry is read with. Consensus and the stores inject these
 * and never name a module.
 */
@ApplicationScoped
public class RuntimeProducer {
    @Inject
    NodeConfig config;

    @Produces
    @Singleton
    Genesis genesis() {
        return GenesisLoader.load(config.genesis());
    }

    @Produces
    @Singleton
    Application application(Genesis genesis) {
        return RuntimeApplication.of(genesis.app().params());
    }

    @Produces
    @Singleton
    Schema schema(Application application) {
        return application.schema();
    }
}

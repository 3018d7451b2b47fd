package cess.runtime.control;

import cess.consensus.model.Genesis;
import cess.runtime.wire.GenesisJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the genesis named by {@code cess.genesis}: {@code devnet} (bundled) or a file path. */
final class GenesisLoader {
    private GenesisLoader() {
    }

    static Genesis load(String spec) {
        if ("devnet".equals(spec)) {
            try (InputStream in = GenesisLoader.class.getResourceAsStream("/cess/genesis/devnet.json")) {
                return GenesisJson.read(in);
            } catch (IOException e) {
                throw new IllegalStateException("bundled devnet genesis unreadable", e);
            }
        }
        try (InputStream in = Files.newInputStream(Path.of(spec))) {
            return GenesisJson.read(in);
        } catch (IOException e) {
            throw new IllegalStateException("cess.genesis: cannot read " + spec + ": " + e.getMessage(), e);
        }
    }
}

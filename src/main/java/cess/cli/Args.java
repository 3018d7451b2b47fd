package cess.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code --name value} options and positional words, parsed once; unknown options are errors. */
final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    Args(List<String> words, List<String> known, List<String> flags) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--")) {
                String name = w.substring(2);
                if (flags.contains(name)) {
                    options.put(name, "true");
                } else if (known.contains(name)) {
                    if (i + 1 >= words.size()) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    options.put(name, words.get(++i));
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                positional.add(w);
            }
        }
    }

    String required(String name) {
        return optional(name).orElseThrow(() -> new UsageException("missing --" + name));
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(options.get(name));
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String positional(int i, String what) {
        if (i >= positional.size()) {
            throw new UsageException("missing " + what);
        }
        return positional.get(i);
    }

    int positionalCount() {
        return positional.size();
    }

    /** Thrown for a command line that does not parse; the CLI prints usage and exits 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

package cess.shared;

import java.util.HexFormat;

/** Lower-case hexadecimal with an optional {@code 0x} prefix on input and always on output. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    /**
     * Decodes hex with or without a {@code 0x} prefix.
     *
     * @throws IllegalArgumentException naming the problem if the text is not even-length hex
     */
    public static byte[] decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("hex value is missing");
        }
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("hex value has an odd number of digits");
        }
        try {
            return HEX.parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex value: " + abbreviate(text));
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}

package cess.gateway.boundary;

import cess.gateway.model.SegmentCipher;
import cess.platform.ApiException;
import cess.shared.Address;
import java.util.Base64;
import java.util.Optional;

/**
 * The native API's encryption headers: {@code Cipher-Key} (a 32-byte AES-256 key, base64) or
 * {@code Cipher} (a passphrase, stretched with PBKDF2 and salted with the owner's account).
 * Neither is ever logged or stored.
 */
final class Encryption {
    static final String KEY_HEADER = "Cipher-Key";
    static final String PASSPHRASE_HEADER = "Cipher";

    private Encryption() {
    }

    static Optional<byte[]> key(String rawKey, String passphrase, Address owner) {
        if (rawKey != null && passphrase != null) {
            throw ApiException.badRequest("invalid_encryption", "send either Cipher-Key or Cipher, not both");
        }
        if (rawKey != null) {
            byte[] k;
            try {
                k = Base64.getDecoder().decode(rawKey.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_encryption", "Cipher-Key must be base64");
            }
            if (k.length != SegmentCipher.KEY_BYTES) {
                throw ApiException.badRequest("invalid_encryption", "Cipher-Key must be 32 bytes (AES-256), got " + k.length);
            }
            return Optional.of(k);
        }
        if (passphrase != null) {
            if (passphrase.isEmpty() || passphrase.length() > 1024) {
                throw ApiException.badRequest("invalid_encryption", "Cipher must be 1 to 1024 characters");
            }
            return Optional.of(SegmentCipher.keyFromPassphrase(passphrase, owner));
        }
        return Optional.empty();
    }
}

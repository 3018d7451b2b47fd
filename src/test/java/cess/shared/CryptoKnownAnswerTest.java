package cess.shared;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Published test vectors for the primitives the chain is built on. */
class CryptoKnownAnswerTest {

    @Test
    void ed25519Rfc8032Test1() {
        KeyPair key = KeyPair.fromSeed(Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("0xd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Hex.encode(key.address().bytes()));
        Signature sig = key.sign(new byte[0]);
        assertEquals("0xe5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                sig.hex());
        assertTrue(KeyPair.verify(key.address(), new byte[0], sig));
    }

    @Test
    void ed25519Rfc8032Test2() {
        KeyPair key = KeyPair.fromSeed(Hex.decode("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        assertEquals("0x3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", Hex.encode(key.address().bytes()));
        assertEquals("0x92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
                key.sign(new byte[] {0x72}).hex());
    }

    @Test
    void ed25519RejectsTamperedMessageSignatureAndKey() {
        KeyPair key = KeyPair.dev("//Alice");
        byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
        Signature sig = key.sign(msg);
        assertFalse(KeyPair.verify(key.address(), "hellp".getBytes(StandardCharsets.UTF_8), sig));
        byte[] bad = sig.bytes();
        bad[10] ^= 1;
        assertFalse(KeyPair.verify(key.address(), msg, Signature.of(bad)));
        assertFalse(KeyPair.verify(KeyPair.dev("//Bob").address(), msg, sig));
        // a key that is not a point on the curve verifies nothing and does not throw
        byte[] notAPoint = new byte[32];
        notAPoint[0] = 2;
        assertFalse(KeyPair.verify(Address.of(notAPoint), msg, sig));
        // verifying again by the same keys (now decoded once and kept) gives the same answers
        for (int i = 0; i < 3; i++) {
            assertTrue(KeyPair.verify(key.address(), msg, sig));
            assertFalse(KeyPair.verify(key.address(), msg, Signature.of(bad)));
            assertFalse(KeyPair.verify(KeyPair.dev("//Bob").address(), msg, sig));
            assertFalse(KeyPair.verify(Address.of(notAPoint), msg, sig));
        }
    }

    /**
     * The node signs and verifies with Bouncy Castle's RFC 8032 code; clients (the JDK, openssl,
     * WebCrypto) use their own. Ed25519 is deterministic: the JDK provider must produce the same
     * signature bytes and accept ours, and ours must accept the JDK's, over many keys and lengths.
     */
    @Test
    void ed25519AgreesWithTheJdkProvider() throws Exception {
        java.util.Random random = new java.util.Random(8032);
        for (int i = 0; i < 64; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            byte[] msg = new byte[random.nextInt(300)];
            random.nextBytes(msg);
            KeyPair ours = KeyPair.fromSeed(seed);
            java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("Ed25519");
            gen.initialize(java.security.spec.NamedParameterSpec.ED25519, new FixedSeed(seed));
            java.security.KeyPair jdk = gen.generateKeyPair();
            java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
            signer.initSign(jdk.getPrivate());
            signer.update(msg);
            byte[] jdkSig = signer.sign();
            assertArrayEquals(jdkSig, ours.sign(msg).bytes(), "signature " + i);
            assertTrue(KeyPair.verify(ours.address(), msg, Signature.of(jdkSig)));
            java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
            verifier.initVerify(jdk.getPublic());
            verifier.update(msg);
            assertTrue(verifier.verify(ours.sign(msg).bytes()));
        }
    }

    /** Hands the JDK key generator a given seed (it otherwise draws one from its random source). */
    private static final class FixedSeed extends java.security.SecureRandom {
        private final byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            System.arraycopy(seed, 0, out, 0, out.length);
        }
    }

    @Test
    void devKeysAreStableAndDistinct() {
        assertEquals(KeyPair.dev("Alice").address(), KeyPair.dev("//Alice").address());
        assertEquals("cXiuzataXE1uK2VSiE4n9cdccg4dpGNuatnMKwBMsyuVGs7ch", KeyPair.dev("//Alice").address().ss58());
        assertFalse(KeyPair.dev("//Alice").address().equals(KeyPair.dev("//Bob").address()));
    }

    @Test
    void blake2bRfc7693Abc() {
        assertEquals("0xba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
                Hex.encode(Blake2b.digest("abc".getBytes(StandardCharsets.US_ASCII), 64)));
    }

    @Test
    void blake2bEmptyAndMultiBlock() {
        assertEquals("0x786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
                Hex.encode(Blake2b.digest(new byte[0], 64)));
        // 128 bytes is exactly one block: it must be compressed as the final block, not before it
        byte[] one = Blake2b.digest(new byte[128], 64);
        byte[] two = Blake2b.digest(new byte[129], 64);
        assertFalse(java.util.Arrays.equals(one, two));
        assertEquals(32, Blake2b.digest(new byte[300], 32).length);
    }

    @Test
    void sha256OfAbc() {
        assertEquals("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Hash.sha256("abc".getBytes(StandardCharsets.US_ASCII)).hex());
    }

    @Test
    void base58BitcoinVectors() {
        assertEquals("2NEpo7TZRRrLZSi2U", Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
                Base58.encode("The quick brown fox jumps over the lazy dog.".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("11233QC4", Base58.encode(Hex.decode("0000287fb4cd")));
        assertArrayEquals(Hex.decode("0000287fb4cd"), Base58.decode("11233QC4"));
        assertEquals("", Base58.encode(new byte[0]));
    }
}

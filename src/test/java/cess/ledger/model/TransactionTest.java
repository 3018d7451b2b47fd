package cess.ledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cess.runtime.model.Runtime;
import cess.shared.Address;
import cess.shared.Amount;
import cess.shared.Hash;
import cess.shared.Hex;
import cess.shared.KeyPair;
import org.junit.jupiter.api.Test;

class TransactionTest {
    static final Hash CHAIN = Hash.sha256(new byte[] {42});
    static final KeyPair ALICE = KeyPair.dev("//Alice");
    static final KeyPair BOB = KeyPair.dev("//Bob");

    @Test
    void canonicalEncodingLayout() {
        Address sender = Address.of(Hex.decode("11".repeat(32)));
        Address dest = Address.of(Hex.decode("22".repeat(32)));
        Transaction tx = new Transaction(sender, 5, Amount.ofUnits(1000), new Transfer(dest, Amount.ofUnits(0xFFFF)));
        String expected = "0x" + "11".repeat(32)             // sender
                + "0000000000000005"                          // nonce, u64 big-endian
                + "000000000000000000000000000003e8"          // fee, u128
                + "01"                                        // module index: balances
                + "00"                                        // call index within balances: transfer
                + "22".repeat(32)                             // dest
                + "0000000000000000000000000000ffff";         // amount
        assertEquals(expected, Hex.encode(tx.encode()));
        assertEquals("0x" + Hex.encode("CESS/tx/v1".getBytes()).substring(2) + CHAIN.hex().substring(2) + expected.substring(2),
                Hex.encode(tx.signingPayload(CHAIN)));
    }

    @Test
    void signedRoundTripAndHash() {
        SignedTransaction stx = transfer(ALICE, BOB, 0, 10).sign(ALICE, CHAIN);
        SignedTransaction back = SignedTransaction.decode(stx.encode(), Runtime.STANDARD);
        assertEquals(stx, back);
        assertEquals(stx.hash(), back.hash());
        assertEquals(Hash.sha256(stx.encode()), stx.hash());
        assertTrue(back.verify(CHAIN));
        assertEquals(stx.hashCode(), back.hashCode());
        byte[] mine = stx.encode();
        mine[0] ^= 1; // the encoding handed out is a copy: the transaction and its hash stay as they were
        assertEquals(Hash.sha256(stx.encode()), stx.hash());
        assertEquals(back, stx);
        assertNotEquals(stx, transfer(ALICE, BOB, 1, 10).sign(ALICE, CHAIN));
        assertNotEquals(stx, transfer(ALICE, BOB, 0, 10).sign(ALICE, Hash.ZERO), "same body, another signature");
        // an account decoded twice is one account, with one SS58 text
        assertEquals(ALICE.address(), back.tx().sender());
        assertEquals(ALICE.address().ss58(), back.tx().sender().ss58());
    }

    @Test
    void signatureIsBoundToTheChain() {
        SignedTransaction stx = transfer(ALICE, BOB, 0, 10).sign(ALICE, CHAIN);
        assertFalse(stx.verify(Hash.sha256(new byte[] {43})));
    }

    @Test
    void aKeyCannotSignForAnotherSender() {
        assertThrows(IllegalArgumentException.class, () -> transfer(ALICE, BOB, 0, 10).sign(BOB, CHAIN));
    }

    @Test
    void refusesMalformedEncodings() {
        byte[] good = transfer(ALICE, BOB, 0, 10).sign(ALICE, CHAIN).encode();
        assertThrows(IllegalArgumentException.class, () -> SignedTransaction.decode(java.util.Arrays.copyOf(good, good.length - 1),
                Runtime.STANDARD));
        assertThrows(IllegalArgumentException.class, () -> SignedTransaction.decode(java.util.Arrays.copyOf(good, good.length + 1),
                Runtime.STANDARD));
        byte[] badModule = good.clone();
        badModule[32 + 8 + 16] = 99;
        var noModule = assertThrows(IllegalArgumentException.class, () -> SignedTransaction.decode(badModule, Runtime.STANDARD));
        assertTrue(noModule.getMessage().contains("99"), noModule.getMessage());
        byte[] badCall = good.clone();
        badCall[32 + 8 + 16 + 1] = 99;
        var noCall = assertThrows(IllegalArgumentException.class, () -> SignedTransaction.decode(badCall, Runtime.STANDARD));
        assertTrue(noCall.getMessage().contains("balances") && noCall.getMessage().contains("99"), noCall.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Transfer(BOB.address(), Amount.ZERO));
    }

    static Transaction transfer(KeyPair from, KeyPair to, long nonce, long amount) {
        return new Transaction(from.address(), nonce, Amount.ofUnits(10), new Transfer(to.address(), Amount.ofUnits(amount)));
    }
}

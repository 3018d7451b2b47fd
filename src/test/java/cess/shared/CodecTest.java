package cess.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CodecTest {
    @Test
    void fixedWidthBigEndian() {
        byte[] b = new Encoder().u8(7).u32(0x01020304L).u64(0x0102030405060708L).amount(Amount.ofUnits(0x0A0B))
                .bytes(new byte[] {9, 9}).toBytes();
        assertEquals("0x07" + "01020304" + "0102030405060708" + "00000000000000000000000000000a0b" + "00000002" + "0909",
                Hex.encode(b));
        Decoder d = new Decoder(b);
        assertEquals(7, d.u8());
        assertEquals(0x01020304L, d.u32());
        assertEquals(0x0102030405060708L, d.u64());
        assertEquals(Amount.ofUnits(0x0A0B), d.amount());
        assertEquals(2, d.bytes(10).length);
        d.end();
    }

    @Test
    void maxAmountUsesAllSixteenBytes() {
        byte[] b = new Encoder().amount(new Amount(Amount.MAX)).toBytes();
        assertEquals(16, b.length);
        assertEquals(new Amount(Amount.MAX), new Decoder(b).amount());
        assertEquals(new BigInteger("340282366920938463463374607431768211455"), Amount.MAX);
    }

    @Test
    void refusesTruncationTrailingBytesAndOversize() {
        assertThrows(IllegalArgumentException.class, () -> new Decoder(new byte[3]).u32());
        Decoder d = new Decoder(new byte[5]);
        d.u32();
        assertThrows(IllegalArgumentException.class, d::end);
        byte[] big = new Encoder().bytes(new byte[100]).toBytes();
        assertThrows(IllegalArgumentException.class, () -> new Decoder(big).bytes(99));
        assertThrows(IllegalArgumentException.class, () -> new Encoder().u64(-1));
    }
}

package cess.consensus.model;

import cess.ledger.model.Schema;
import cess.shared.Decoder;
import cess.shared.Encoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Block sync between two nodes, over the asking node's own queue: a {@link Request} for the
 * final blocks from a height on, and a {@link Response} with some of them (each with its commit,
 * which the asker verifies against the epoch's validators before replaying the block).
 */
public final class Sync {
    /** Most blocks one response carries. */
    public static final int MAX_BLOCKS = 64;

    private Sync() {
    }

    /** Blocks {@code from}, {@code from + 1}, … up to {@code max} of them. */
    public record Request(long from, int max) {
        public Request {
            if (from < 1 || max < 1 || max > MAX_BLOCKS) {
                throw new IllegalArgumentException("sync request from " + from + " for " + max + " blocks");
            }
        }

        public byte[] encode() {
            return new Encoder().u64(from).u32(max).toBytes();
        }

        public static Request decode(byte[] bytes) {
            Decoder d = new Decoder(bytes);
            long from = d.u64();
            long max = d.u32();
            d.end();
            if (max > MAX_BLOCKS) {
                throw new IllegalArgumentException("sync request for " + max + " blocks");
            }
            return new Request(from, (int) max);
        }
    }

    /**
     * Consecutive final blocks, and the responder's head height (so the asker knows whether to ask
     * again).
     */
    public record Response(long head, List<Block> blocks) {
        public Response {
            blocks = List.copyOf(blocks);
            if (blocks.size() > MAX_BLOCKS) {
                throw new IllegalArgumentException("sync response with " + blocks.size() + " blocks");
            }
            for (int i = 1; i < blocks.size(); i++) {
                if (blocks.get(i).header().height() != blocks.get(i - 1).header().height() + 1) {
                    throw new IllegalArgumentException("sync response blocks are not consecutive");
                }
            }
        }

        public byte[] encode() {
            return encode(head, blocks.stream().map(Block::encode).toList());
        }

        /** The wire form from blocks already encoded (a responder sizes its response by them). */
        public static byte[] encode(long head, List<byte[]> encodedBlocks) {
            if (encodedBlocks.size() > MAX_BLOCKS) {
                throw new IllegalArgumentException("sync response with " + encodedBlocks.size() + " blocks");
            }
            Encoder e = new Encoder().u64(head).u32(encodedBlocks.size());
            encodedBlocks.forEach(e::bytes);
            return e.toBytes();
        }

        public static Response decode(byte[] bytes, Schema schema) {
            Decoder d = new Decoder(bytes);
            long head = d.u64();
            long n = d.u32();
            if (n > MAX_BLOCKS) {
                throw new IllegalArgumentException("sync response with " + n + " blocks");
            }
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                blocks.add(Block.decode(d.bytes(Integer.MAX_VALUE - 8), schema));
            }
            d.end();
            return new Response(head, blocks);
        }
    }
}

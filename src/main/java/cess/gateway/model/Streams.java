package cess.gateway.model;

import java.io.IOException;
import java.io.InputStream;

/** What the request-body streams of this package share. */
final class Streams {
    private Streams() {
    }

    /** {@link InputStream#read()} in terms of the stream's own block read, so checks run once per path. */
    static int readOne(InputStream in) throws IOException {
        byte[] one = new byte[1];
        int n = in.read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }
}

package cess.runtime.boundary;

import jakarta.json.bind.annotation.JsonbNillable;

/**
 * A transaction's status: {@code pending}, {@code included} (at {@code height}, position
 * {@code index}) or {@code rejected} (with {@code error} and {@code reason}).
 */
@JsonbNillable(false)
public record TransactionView(String hash, String status, Long height, Integer index, String error, String reason,
                              String sender, Long nonce) {
}

package cess.security;

/**
 * The verified Signature V4 signing key of the current S3 request, kept as a second principal so
 * that the S3 API can check the chained signatures of an {@code aws-chunked} body.
 */
public record SigningKey(byte[] key, String accessKey) {
}

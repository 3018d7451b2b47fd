package cess.platform;

/** The JSON body of every error the API returns. */
public record ErrorView(int status, String error, String message) {
}

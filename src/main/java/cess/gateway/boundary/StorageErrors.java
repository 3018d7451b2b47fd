package cess.gateway.boundary;

import cess.gateway.control.StorageException;
import cess.platform.ApiException;

/** The native API's view of a storage refusal: its status and lower-case code, as JSON. */
final class StorageErrors {
    private StorageErrors() {
    }

    static ApiException json(StorageException e) {
        return new ApiException(e.kind().status(), e.kind().code(), e.getMessage());
    }
}

/** The storage module's calls in JSON, as clients send them and views show them. */
package cess.storage.wire;

/** Transactions over REST ({@code /api/transactions}): any module's call, submitted, prepared for signing, looked up. */
package cess.runtime.boundary;

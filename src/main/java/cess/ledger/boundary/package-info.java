/** REST resources of the ledger: accounts and transactions. */
package cess.ledger.boundary;

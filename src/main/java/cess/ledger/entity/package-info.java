/** JPA entities of accounts and transactions. Never leave the control layer. */
package cess.ledger.entity;

/** JPA entities of the chain's blocks and its head pointer. Never leave the control layer. */
package cess.consensus.entity;

/** JPA entities of the gateway's own records: S3 access keys and multipart uploads in progress. */
package cess.gateway.entity;

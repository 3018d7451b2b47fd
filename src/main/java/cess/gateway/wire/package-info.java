/**
 * The gateway's wire formats: the S3 API's XML documents and errors, shared by the S3 API
 * ({@code gateway.boundary}) and the authentication filters in front of it ({@code cess.security}).
 */
package cess.gateway.wire;

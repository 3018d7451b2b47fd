/**
 * What the audit module's node-side code needs from outside it: {@link cess.audit.control.StorageMiners},
 * the storage market's miners as the REST views see them, which the runtime implements.
 */
package cess.audit.control;

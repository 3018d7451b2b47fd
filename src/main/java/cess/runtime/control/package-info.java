/** The runtime in the container: the genesis, the application and the schema, produced for injection. */
package cess.runtime.control;

/** The genesis document of a chain run by the standard runtime: its JSON form, read and written. */
package cess.runtime.wire;

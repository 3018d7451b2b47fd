/** REST for governance: proposals with live tallies, and the treasury with its movements. */
package cess.governance.boundary;

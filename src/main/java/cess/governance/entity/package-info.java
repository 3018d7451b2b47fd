/** JPA entities of governance: the treasury's movement log. */
package cess.governance.entity;

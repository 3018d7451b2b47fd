/** The validators' REST view: candidates, on-duty sets, credit and the RANDAO mix ({@code /api/validators}). */
package cess.staking.boundary;

/**
 * {@code cess-cli.jar}: the command-line client. Signs transactions locally with the same model
 * code the node runs, and talks to a node's REST API over HTTP. Built by {@code mvn package}.
 */
package cess.cli;

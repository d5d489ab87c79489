/**
 * The shared vocabulary of imgate: events, client identities, verdicts, decisions and the ports between
 * modules, and the priority of the threads that do background work beside the relay.
 */
package org.imgate.core;

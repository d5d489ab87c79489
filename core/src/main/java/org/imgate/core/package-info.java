/** The shared vocabulary of imgate: events, client identities, verdicts, decisions and the ports between modules. */
package org.imgate.core;

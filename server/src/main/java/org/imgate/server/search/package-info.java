/** The search verbs' plumbing: the audited archive a command opens, hit rendering, progress display. */
package org.imgate.server.search;

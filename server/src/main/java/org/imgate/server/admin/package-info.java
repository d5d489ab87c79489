/**
 * The local admin channel: how command-line verbs that write to the journal (audit records, legal
 * holds) reach a running server's single journal writer, over a Unix-domain socket under the data
 * directory.
 */
package org.imgate.server.admin;

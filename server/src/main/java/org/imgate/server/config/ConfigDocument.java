package org.imgate.server.config;

import org.imgate.archive.ArchiveConfig;
import org.imgate.policy.PolicyConfig;
import org.imgate.proxy.MsnConfig;
import org.imgate.proxy.XmppConfig;
import org.imgate.search.SearchConfig;

import java.nio.file.Path;

/**
 * The configuration file exactly as written: what the YAML binder fills. Values are checked here
 * so that a bad one is reported with its line; {@link ConfigLoader} then supplies the defaults that
 * depend on the machine (the host name) and resolves relative paths into an {@link ImgateConfig}.
 *
 * @param dataDir where journal/, index/, keys/ and state/ live (default {@code data})
 * @param nodeId  names this node's hash chain; {@code null} means the host name
 * @param search  the {@code search:} section; its relative {@code index-dir} resolves like {@code data-dir}
 */
record ConfigDocument(
        Path dataDir,
        NodeId nodeId,
        ArchiveConfig archive,
        SearchConfig search,
        XmppConfig xmpp,
        MsnConfig msn,
        PolicyConfig policy) {

    ConfigDocument {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        if (dataDir.toString().isBlank()) {
            throw new IllegalArgumentException("data-dir must name a directory");
        }
        archive = archive == null ? ArchiveConfig.defaults() : archive;
        search = search == null ? SearchConfig.defaults() : search;
        xmpp = xmpp == null ? XmppConfig.defaults() : xmpp;
        msn = msn == null ? MsnConfig.defaults() : msn;
        policy = policy == null ? PolicyConfig.defaults() : policy;
        if (xmpp.listen().port() != 0 && xmpp.listen().equals(msn.listen())) {
            throw new IllegalArgumentException(
                    "msn.listen and xmpp.listen are both " + msn.listen() + "; each listener needs its own port");
        }
    }
}

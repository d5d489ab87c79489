package org.imgate.proxy.msn.transport;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which users take part in which switchboard conversation through imgate. A message whose sender's own
 * switchboard session runs through imgate was decided and archived there, before it ever reached the
 * server; the recipient's session must not archive it a second time. Thread-safe.
 */
final class ProxiedParticipants {

    private final Map<String, Set<String>> byConversation = new ConcurrentHashMap<>();

    void add(String conversationId, String handle) {
        byConversation.computeIfAbsent(conversationId, c -> ConcurrentHashMap.newKeySet()).add(handle);
    }

    void remove(String conversationId, String handle) {
        byConversation.computeIfPresent(conversationId, (c, handles) -> {
            handles.remove(handle);
            return handles.isEmpty() ? null : handles;
        });
    }

    boolean contains(String conversationId, String handle) {
        Set<String> handles = byConversation.get(conversationId);
        return handles != null && handles.contains(handle);
    }
}

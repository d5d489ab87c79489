package org.imgate.server.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.imgate.core.Participant;
import org.imgate.search.Facets;
import org.imgate.search.Hit;

/**
 * One JSON object per line for scripts: each hit with seq, node, time (ISO-8601), kind, network,
 * session, conversation, from, to (array), body, file, action, rules (array), notice and the snippet
 * with matches in {@code [..]}; facets as one last object {@code {"facets": {...}}}. Absent fields are
 * {@code null}. Thread-safe.
 */
public final class HitJson {
    private final ObjectMapper mapper = new ObjectMapper();

    public String line(Hit hit) {
        ObjectNode o = mapper.createObjectNode();
        o.put("seq", hit.seq());
        o.put("node", hit.nodeId());
        o.put("time", hit.time().toString());
        o.put("kind", hit.kind().queryName());
        o.put("network", hit.network().name().toLowerCase(Locale.ROOT));
        o.put("session", hit.session());
        o.put("conversation", hit.conversation());
        o.put("from", hit.from() == null ? null : hit.from().handle());
        o.put("fromEmployee", hit.from() == null ? null : hit.from().employee());
        ArrayNode to = o.putArray("to");
        hit.to().stream().map(Participant::handle).forEach(to::add);
        o.put("direction", hit.direction() == null ? null : hit.direction().name().toLowerCase(Locale.ROOT));
        o.put("body", hit.body());
        o.put("file", hit.fileName());
        o.put("encryption", hit.encryption());
        o.put("action", hit.action());
        o.put("notice", hit.notice());
        ArrayNode rules = o.putArray("rules");
        hit.rules().forEach(rules::add);
        o.put("policy", hit.policyVersion());
        o.put("client", hit.clientFamily());
        o.put("clientVersion", hit.clientVersion());
        o.put("snippet", hit.snippet() == null ? null : hit.snippet().render("[", "]"));
        if (!Float.isNaN(hit.score())) {
            o.put("score", hit.score());
        }
        return write(o);
    }

    public String facetsLine(Facets facets) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode f = root.putObject("facets");
        counts(f.putArray("participants"), facets.participants());
        counts(f.putArray("networks"), facets.networks());
        counts(f.putArray("days"), facets.days());
        return write(root);
    }

    private static void counts(ArrayNode array, List<Facets.Count> counts) {
        for (Facets.Count c : counts) {
            array.addObject().put("value", c.value()).put("count", c.count());
        }
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a tree of plain values as JSON", e);
        }
    }
}

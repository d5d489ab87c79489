package org.imgate.proxy.msn.mapper;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the personal message ({@code <PSM>}) from the small XML document of MSNP11+ {@code UUX} and
 * {@code UBX} ({@code <Data><PSM>In a meeting</PSM><CurrentMedia></CurrentMedia></Data>}, msnp.md §1).
 * The document is flat and tiny, so a pattern and the five XML entities plus character references are
 * enough. Stateless and thread-safe.
 */
final class PersonalMessage {

    private static final Pattern PSM = Pattern.compile("<PSM>(.*?)</PSM>", Pattern.DOTALL);
    private static final Pattern REF = Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);");

    private PersonalMessage() {
    }

    /** The personal message, or {@code null} when the document has no PSM element. */
    static String of(String xml) {
        Matcher m = PSM.matcher(xml);
        return m.find() ? unescape(m.group(1)) : null;
    }

    static String unescape(String text) {
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String replacement = switch (ref) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> {
                    int cp = ref.startsWith("#x") ? Integer.parseInt(ref.substring(2), 16)
                            : Integer.parseInt(ref.substring(1));
                    yield Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "\uFFFD";
                }
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}

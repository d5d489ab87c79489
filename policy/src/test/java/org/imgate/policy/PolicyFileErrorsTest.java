package org.imgate.policy;

import org.imgate.policy.yaml.YamlBinder;
import org.imgate.policy.yaml.YamlException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mistakes an administrator makes in a policy file, and what imgate tells them. */
class PolicyFileErrorsTest {
    private static final Path FILE = Path.of("conf/policy.yaml");
    private final PolicyLoader loader = new PolicyLoader(new YamlBinder());

    private YamlException rejected(String yaml) {
        return assertThrows(YamlException.class, () -> loader.load(yaml, FILE));
    }

    private static void assertProblem(YamlException e, int line, String keyPath, String problemPart) {
        assertEquals(keyPath, e.keyPath(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(problemPart), e.getMessage());
        assertTrue(e.getMessage().startsWith(FILE + ":" + line + ": " + keyPath + ": "), e.getMessage());
    }

    @Test
    void duplicateRuleIdNamesTheLineOfTheSecondUse() {
        YamlException e = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    words: [secret]
                    action: flag
                  - kind: keywords
                    id: words
                    words: [hidden]
                    action: flag
                """);
        assertProblem(e, 8, "rules[1].id", "duplicate rule id 'words' (rules[0] already uses it)");
    }

    @Test
    void unknownKindListsTheKindsThatExist() {
        YamlException e = rejected("""
                version: v1
                rules:
                  - id: spam
                    kind: spim
                    action: block
                """);
        assertProblem(e, 4, "rules[0].kind", "unknown kind 'spim'");
        assertTrue(e.problem().contains("client-version, keywords"), e.problem());
    }

    @Test
    void missingKindIsNamed() {
        YamlException e = rejected("""
                version: v1
                rules:
                  - id: spam
                    words: [x]
                """);
        assertTrue(e.problem().contains("missing key 'kind'"), e.getMessage());
        assertTrue(e.keyPath().startsWith("rules[0]"), e.getMessage());
        assertEquals(3, e.line(), e.getMessage());
    }

    @Test
    void actionsAreValidatedPerKind() {
        YamlException keywords = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    words: [secret]
                    action: end-session
                    notice: bye
                """);
        assertProblem(keywords, 6, "rules[0].action", "action 'end-session' is not available to keywords rules (one of: block, flag, redact)");

        YamlException client = rejected("""
                version: v1
                rules:
                  - id: old
                    kind: client-version
                    deny: [Trillian]
                    unknown-clients: allow
                    action: flag
                """);
        assertProblem(client, 7, "rules[0].action", "(one of: end-session, notify)");
    }

    @Test
    void unknownActionListsAllActions() {
        YamlException e = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    words: [secret]
                    action: shred
                """);
        assertEquals("rules[0].action", e.keyPath(), e.getMessage());
        assertEquals(6, e.line());
        assertTrue(e.problem().contains("end-session, block, redact, flag, notify"), e.problem());
    }

    @Test
    void emptyWordListsAreRejected() {
        YamlException e = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    words: []
                    phrases: []
                    action: flag
                """);
        assertProblem(e, 5, "rules[0].words", "needs at least one entry under 'words' or 'phrases'");
    }

    @Test
    void entriesWithoutWordsAreRejectedByIndex() {
        YamlException e = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    phrases:
                      - good phrase
                      - "?!"
                    action: flag
                """);
        assertProblem(e, 7, "rules[0].phrases[1]", "'?!' contains no letter or digit");
    }

    @Test
    void noticeRulesFollowTheAction() {
        YamlException missing = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    words: [secret]
                    action: block
                """);
        assertProblem(missing, 3, "rules[0].notice", "give a notice");

        YamlException silent = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    words: [secret]
                    action: flag
                    notice: you were flagged
                """);
        assertProblem(silent, 7, "rules[0].notice", "'flag' is silent");
    }

    @Test
    void redactRulesTakeAMaskNotANoticeAndJudgeOnlyMessages() {
        YamlException notice = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    words: [secret]
                    action: redact
                    notice: we hid something
                """);
        assertProblem(notice, 7, "rules[0].notice", "'redact' is silent");

        YamlException mask = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    words: [secret]
                    action: block
                    notice: no
                    mask: "***"
                """);
        assertProblem(mask, 8, "rules[0].mask", "only action 'redact' masks words");

        YamlException files = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    scope: { events: [message, file-offer] }
                    words: [secret]
                    action: redact
                """);
        assertProblem(files, 5, "rules[0].scope.events", "never judge 'file-offer'");
    }

    @Test
    void clientVersionRulesNeedAnExplicitStanceOnUnknownClients() {
        YamlException e = rejected("""
                version: v1
                rules:
                  - id: old
                    kind: client-version
                    minimum: { "MSN Messenger": "5.0" }
                    action: end-session
                    notice: upgrade
                """);
        assertProblem(e, 3, "rules[0].unknown-clients", "allow or deny");
    }

    @Test
    void badVersionsAndContradictoryListsNameTheEntry() {
        YamlException version = rejected("""
                version: v1
                rules:
                  - id: old
                    kind: client-version
                    minimum:
                      "MSN Messenger": "5.0"
                      Trillian: latest
                    unknown-clients: deny
                    action: end-session
                    notice: upgrade
                """);
        assertProblem(version, 7, "rules[0].minimum.Trillian", "'latest' is not a version");

        YamlException both = rejected("""
                version: v1
                rules:
                  - id: old
                    kind: client-version
                    minimum: { "MSN Messenger": "5.0" }
                    deny:
                      - Trillian
                      - msn messenger
                    unknown-clients: deny
                    action: end-session
                    notice: upgrade
                """);
        assertProblem(both, 8, "rules[0].deny[1]", "both denied and given a minimum");
    }

    @Test
    void scopesRejectEmptyListsUnknownValuesAndEventsTheKindNeverJudges() {
        YamlException empty = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    scope:
                      networks: []
                    words: [secret]
                    action: flag
                """);
        assertProblem(empty, 6, "rules[0].scope.networks", "an empty list matches nothing");

        YamlException unknown = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    scope: { networks: [icq] }
                    words: [secret]
                    action: flag
                """);
        assertTrue(unknown.keyPath().startsWith("rules[0].scope.networks"), unknown.getMessage());
        assertTrue(unknown.problem().contains("one of: msn, xmpp"), unknown.getMessage());

        YamlException never = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    scope:
                      events: [message, login]
                    words: [secret]
                    action: flag
                """);
        assertProblem(never, 6, "rules[0].scope.events", "keywords rules never judge 'login' events");
    }

    @Test
    void misspelledKeysAndReservedIdsAreRejected() {
        YamlException key = rejected("""
                version: v1
                rules:
                  - id: words
                    kind: keywords
                    word: [secret]
                    action: flag
                """);
        assertEquals("rules[0].word", key.keyPath(), key.getMessage());
        assertEquals(5, key.line());
        assertTrue(key.problem().contains("unknown key 'word'"), key.problem());

        YamlException reserved = rejected("""
                version: v1
                rules:
                  - id: "imgate:mine"
                    kind: keywords
                    words: [secret]
                    action: flag
                """);
        assertProblem(reserved, 3, "rules[0].id", "reserved for imgate");
    }

    @Test
    void versionAndRulesAreRequired() {
        assertProblem(rejected("rules: []\n"), 1, "version", "give the policy a version");
        YamlException noRules = rejected("version: v1\n");
        assertEquals("rules", noRules.keyPath(), noRules.getMessage());
        assertTrue(noRules.problem().contains("rules: []"), noRules.getMessage());
    }

    @Test
    void emptyNoticeIsRejected() {
        YamlException e = rejected("""
                version: v1
                notices:
                  archive-unavailable: "  "
                rules: []
                """);
        assertProblem(e, 3, "notices.archive-unavailable", "notice is empty");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = Path.of("target/no-such-policy.yaml");
        YamlException e = assertThrows(YamlException.class, () -> loader.load(new PolicyConfig(missing)));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}

package org.imgate.policy;

import org.imgate.core.Direction;
import org.imgate.core.Network;
import org.imgate.core.Verdict;
import org.imgate.policy.yaml.YamlBinder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.imgate.policy.Events.fileOffer;
import static org.imgate.policy.Events.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Keyword rules, scopes and how several matching rules combine. */
class PolicyEngineTest {

    private static PolicyEngine engine(String rules) throws Exception {
        return new PolicyLoader(new YamlBinder()).load("version: test-1\nrules:\n" + rules, Path.of("test.yaml"));
    }

    @Test
    void blockRuleBlocksWithItsNoticeAndRecordsItsId() throws Exception {
        PolicyEngine engine = engine("""
                  - id: no-secrets
                    kind: keywords
                    words: [confidential]
                    action: block
                    notice: "Not delivered: confidential material."
                """);
        Evaluation hit = engine.evaluate(message("This is CONFIDENTIAL, ok?"));
        assertEquals(new Verdict.Block("Not delivered: confidential material."), hit.verdict());
        assertEquals(List.of("no-secrets"), hit.matchedRules());

        Evaluation miss = engine.evaluate(message("nothing to see here, it's unconfidential"));
        assertEquals(Verdict.allow(), miss.verdict());
        assertEquals(List.of(), miss.matchedRules());
    }

    @Test
    void flagRuleDeliversAndNamesTheMatchedTermForTheReviewer() throws Exception {
        PolicyEngine engine = engine("""
                  - id: insider
                    kind: keywords
                    words: [tip]
                    phrases: ["guaranteed returns"]
                    action: flag
                """);
        Evaluation e = engine.evaluate(message("GUARANTEED,\nreturns for you"));
        assertEquals(new Verdict.Flag("insider: matched 'guaranteed returns'"), e.verdict());
        assertEquals(true, e.verdict().delivers());
        assertEquals(List.of("insider"), e.matchedRules());
    }

    @Test
    void keywordRulesJudgeFileNamesButNotOtherEvents() throws Exception {
        PolicyEngine engine = engine("""
                  - id: payroll
                    kind: keywords
                    words: [payroll]
                    action: block
                    notice: no payroll files
                """);
        assertEquals(new Verdict.Block("no payroll files"), engine.evaluate(fileOffer("Payroll_2026.xlsx")).verdict());
        assertEquals(Verdict.allow(), engine.evaluate(Events.presence()).verdict(),
                "presence text is not judged by keyword rules");
    }

    @Test
    void scopesRestrictByNetworkDirectionAndEventKind() throws Exception {
        PolicyEngine engine = engine("""
                  - id: msn-only
                    kind: keywords
                    scope: { networks: [msn] }
                    words: [alpha]
                    action: flag
                  - id: external-only
                    kind: keywords
                    scope: { directions: [external] }
                    words: [beta]
                    action: flag
                  - id: files-only
                    kind: keywords
                    scope: { events: [file-offer] }
                    words: [gamma]
                    action: flag
                """);
        assertEquals(List.of("msn-only"), engine.evaluate(message(Network.MSN, Direction.INTERNAL, "alpha")).matchedRules());
        assertEquals(List.of(), engine.evaluate(message(Network.XMPP, Direction.INTERNAL, "alpha")).matchedRules());
        assertEquals(List.of("external-only"), engine.evaluate(message(Network.XMPP, Direction.EXTERNAL, "beta")).matchedRules());
        assertEquals(List.of(), engine.evaluate(message(Network.XMPP, Direction.INTERNAL, "beta")).matchedRules());
        assertEquals(List.of(), engine.evaluate(fileOffer("beta.doc")).matchedRules(),
                "a direction scope covers messages only");
        assertEquals(List.of(), engine.evaluate(message("gamma")).matchedRules());
        assertEquals(List.of("files-only"), engine.evaluate(fileOffer("gamma.doc")).matchedRules());
    }

    @Test
    void mostSevereVerdictWinsAndEveryMatchIsRecordedInFileOrder() throws Exception {
        PolicyEngine engine = engine("""
                  - id: flag-first
                    kind: keywords
                    words: [merger]
                    action: flag
                  - id: block-second
                    kind: keywords
                    phrases: [secret merger]
                    action: block
                    notice: second says no
                  - id: block-third
                    kind: keywords
                    words: [secret]
                    action: block
                    notice: third says no
                  - id: not-matching
                    kind: keywords
                    words: [unrelated]
                    action: block
                    notice: never
                """);
        Evaluation e = engine.evaluate(message("the secret merger"));
        assertEquals(new Verdict.Block("second says no"), e.verdict(), "block beats flag; the earlier block wins a tie");
        assertEquals(List.of("flag-first", "block-second", "block-third"), e.matchedRules());
    }

    @Test
    void noRulesAllowsEverything() throws Exception {
        PolicyEngine engine = new PolicyLoader(new YamlBinder()).load("version: empty\nrules: []\n", Path.of("p.yaml"));
        assertSame(Evaluation.nothingMatched(), engine.evaluate(message("anything")));
        assertEquals("empty", engine.version());
        assertEquals(Notices.defaults(), engine.notices());
    }

    @Test
    void redactRuleDeliversTheBodyWithItsWordsMaskedAndIgnoresFileNames() throws Exception {
        PolicyEngine engine = engine("""
                  - id: codename
                    kind: keywords
                    words: [nightingale]
                    action: redact
                """);
        Evaluation e = engine.evaluate(message("Nightingale closes Friday, tell nobody about nightingale"));
        assertEquals(new Verdict.Redact("[redacted] closes Friday, tell nobody about [redacted]"), e.verdict());
        assertEquals(true, e.verdict().delivers());
        assertEquals(List.of("codename"), e.matchedRules());
        assertEquals(Verdict.allow(), engine.evaluate(fileOffer("nightingale.xlsx")).verdict(),
                "a file name cannot be delivered with words missing");
    }

    @Test
    void everyMatchingRedactRuleMasksItsOwnWordsButABlockStillWins() throws Exception {
        PolicyEngine engine = engine("""
                  - id: codename
                    kind: keywords
                    words: [nightingale]
                    action: redact
                  - id: accounts
                    kind: keywords
                    phrases: [account number]
                    action: redact
                    mask: "####"
                  - id: insider
                    kind: keywords
                    phrases: [inside information]
                    action: block
                    notice: "Not delivered."
                """);
        Evaluation both = engine.evaluate(message("Nightingale: account number 42"));
        assertEquals(new Verdict.Redact("[redacted]: #### 42"), both.verdict());
        assertEquals(List.of("codename", "accounts"), both.matchedRules());

        Evaluation blocked = engine.evaluate(message("nightingale is inside information"));
        assertEquals(new Verdict.Block("Not delivered."), blocked.verdict());
        assertEquals(List.of("codename", "insider"), blocked.matchedRules());
    }
}

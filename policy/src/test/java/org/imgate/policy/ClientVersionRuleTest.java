package org.imgate.policy;

import org.imgate.core.ClientInfo;
import org.imgate.core.Network;
import org.imgate.core.Verdict;
import org.imgate.policy.yaml.YamlBinder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.imgate.policy.Events.client;
import static org.imgate.policy.Events.identified;
import static org.imgate.policy.Events.login;
import static org.imgate.policy.Events.opened;
import static org.imgate.policy.Events.spoofed;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Minimum client versions, denied families and unknown clients. */
class ClientVersionRuleTest {
    private static final Verdict.EndSession UPGRADE = new Verdict.EndSession("Please upgrade.");

    private static PolicyEngine engine(String unknown, String unlisted) throws Exception {
        return new PolicyLoader(new YamlBinder()).load("""
                version: v1
                rules:
                  - id: clients
                    kind: client-version
                    scope: { networks: [msn] }
                    minimum:
                      "MSN Messenger": "6.2"
                      "Windows Messenger": "4.7.2009"
                    deny: [Trillian]
                    unknown-clients: %s
                    unlisted-clients: %s
                    action: end-session
                    notice: Please upgrade.
                """.formatted(unknown, unlisted), Path.of("p.yaml"));
    }

    private static Verdict verdictAtLogin(PolicyEngine engine, String family, String version) {
        return engine.evaluate(login(client(Network.MSN, family, version))).verdict();
    }

    @Test
    void versionsCompareNumericallyPartByPart() throws Exception {
        PolicyEngine engine = engine("deny", "allow");
        assertEquals(Verdict.allow(), verdictAtLogin(engine, "MSN Messenger", "6.10"), "6.10 is newer than 6.2");
        assertEquals(Verdict.allow(), verdictAtLogin(engine, "MSN Messenger", "6.2.0137"));
        assertEquals(Verdict.allow(), verdictAtLogin(engine, "MSN Messenger", "7.0.0813"));
        assertEquals(UPGRADE, verdictAtLogin(engine, "MSN Messenger", "6.1.0211"));
        assertEquals(UPGRADE, verdictAtLogin(engine, "MSN Messenger", "5.0.0544"));
        assertEquals(UPGRADE, verdictAtLogin(engine, "Windows Messenger", "4.7.2008"));
        assertEquals(Verdict.allow(), verdictAtLogin(engine, "windows messenger", "4.7.3001"), "family names ignore case");
    }

    @Test
    void deniedFamiliesEndTheSessionWhateverTheVersion() throws Exception {
        PolicyEngine engine = engine("allow", "allow");
        assertEquals(UPGRADE, verdictAtLogin(engine, "Trillian", "99.0"));
        assertEquals(UPGRADE, engine.evaluate(opened(client(Network.MSN, "trillian", null))).verdict(),
                "a family known at connect time is judged at once");
        assertEquals(List.of("clients"), engine.evaluate(identified(client(Network.MSN, "Trillian", "3.1"))).matchedRules());
    }

    @Test
    void unknownClientsFollowTheExplicitSettingOnceIdentificationIsDone() throws Exception {
        PolicyEngine deny = engine("deny", "allow");
        ClientInfo nothingKnown = ClientInfo.unknown(Network.MSN);
        assertEquals(Verdict.allow(), deny.evaluate(opened(nothingKnown)).verdict(),
                "at connect time the client has not had its chance to identify itself");
        assertEquals(UPGRADE, deny.evaluate(identified(nothingKnown)).verdict());
        assertEquals(UPGRADE, deny.evaluate(login(nothingKnown)).verdict());
        assertEquals(UPGRADE, verdictAtLogin(deny, "MSN Messenger", null), "a listed family without a version");
        assertEquals(UPGRADE, verdictAtLogin(deny, "MSN Messenger", "beta"), "a version that is not a number");
        assertEquals(UPGRADE, deny.evaluate(opened(spoofed(Network.MSN, "MSN Messenger", "7.0"))).verdict(),
                "a spoofed client counts as unknown, even at connect time");

        PolicyEngine allow = engine("allow", "allow");
        assertEquals(Verdict.allow(), allow.evaluate(login(nothingKnown)).verdict());
        assertEquals(Verdict.allow(), verdictAtLogin(allow, "MSN Messenger", null));
        assertEquals(Verdict.allow(), allow.evaluate(login(spoofed(Network.MSN, "MSN Messenger", "7.0"))).verdict());
    }

    @Test
    void unlistedFamiliesFollowTheirOwnSetting() throws Exception {
        assertEquals(Verdict.allow(), verdictAtLogin(engine("deny", "allow"), "MSN for Mac", "3.5"));
        assertEquals(UPGRADE, verdictAtLogin(engine("allow", "deny"), "MSN for Mac", "3.5"));
    }

    @Test
    void scopeKeepsTheRuleToItsNetwork() throws Exception {
        PolicyEngine engine = engine("deny", "deny");
        assertEquals(Verdict.allow(), engine.evaluate(login(client(Network.XMPP, "Trillian", "1.0"))).verdict());
        assertEquals(Verdict.allow(), engine.evaluate(login(ClientInfo.unknown(Network.XMPP))).verdict());
    }

    @Test
    void notifyActionDeliversWithTheNotice() throws Exception {
        PolicyEngine engine = new PolicyLoader(new YamlBinder()).load("""
                version: v1
                rules:
                  - id: reminder
                    kind: client-version
                    minimum: { "MSN Messenger": "7.0" }
                    unknown-clients: allow
                    action: notify
                    notice: MSN Messenger 7.0 is required from 15 October.
                  - id: cutoff
                    kind: client-version
                    minimum: { "MSN Messenger": 5.0 }
                    unknown-clients: allow
                    action: end-session
                    notice: Too old.
                """, Path.of("p.yaml"));
        Verdict reminded = engine.evaluate(login(client(Network.MSN, "MSN Messenger", "6.2"))).verdict();
        assertEquals(new Verdict.Notify("MSN Messenger 7.0 is required from 15 October."), reminded);
        assertEquals(true, reminded.delivers());
        var old = engine.evaluate(login(client(Network.MSN, "MSN Messenger", "4.7")));
        assertEquals(new Verdict.EndSession("Too old."), old.verdict());
        assertEquals(List.of("reminder", "cutoff"), old.matchedRules());
    }

    @Test
    void unquotedVersionsKeepTheirDigits() throws Exception {
        PolicyEngine engine = new PolicyLoader(new YamlBinder()).load("""
                version: v1
                rules:
                  - id: clients
                    kind: client-version
                    minimum: { "MSN Messenger": 6.10 }
                    unknown-clients: allow
                    action: end-session
                    notice: Too old.
                """, Path.of("p.yaml"));
        assertEquals(new Verdict.EndSession("Too old."), verdictAtLogin(engine, "MSN Messenger", "6.9"),
                "6.10 must not be read as the number 6.1");
    }
}

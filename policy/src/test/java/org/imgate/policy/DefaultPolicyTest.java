package org.imgate.policy;

import org.imgate.core.ClientInfo;
import org.imgate.core.Direction;
import org.imgate.core.Network;
import org.imgate.core.Verdict;
import org.imgate.policy.yaml.YamlBinder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.imgate.policy.Events.client;
import static org.imgate.policy.Events.login;
import static org.imgate.policy.Events.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy imgate ships in conf/policy.yaml loads, and does what its comments promise. */
class DefaultPolicyTest {
    private static final Path SHIPPED =
            Path.of(System.getProperty("basedir", "."), "..", "conf", "policy.yaml").normalize();

    private static PolicyEngine shipped() throws Exception {
        assertTrue(Files.isRegularFile(SHIPPED), "missing " + SHIPPED.toAbsolutePath());
        return new PolicyLoader(new YamlBinder()).load(new PolicyConfig(SHIPPED));
    }

    @Test
    void loadsWithItsNoticesAndRules() throws Exception {
        PolicyEngine engine = shipped();
        assertEquals("2026-11-22.1", engine.version());
        assertTrue(engine.notices().archiveUnavailable().contains("archive is unavailable"));
        assertEquals(List.of("outdated-msn-clients", "insider-trading-language", "customer-account-numbers"),
                engine.rules().stream().map(rule -> rule.id()).toList());
    }

    @Test
    void enforcesTheOctober2003MessengerCutOff() throws Exception {
        PolicyEngine engine = shipped();
        assertInstanceOf(Verdict.EndSession.class,
                engine.evaluate(login(client(Network.MSN, "MSN Messenger", "4.6"))).verdict());
        assertInstanceOf(Verdict.EndSession.class,
                engine.evaluate(login(client(Network.MSN, "Trillian", "3.1"))).verdict());
        assertInstanceOf(Verdict.EndSession.class,
                engine.evaluate(login(ClientInfo.unknown(Network.MSN))).verdict());
        assertEquals(Verdict.allow(), engine.evaluate(login(client(Network.MSN, "MSN Messenger", "6.2.0208"))).verdict());
        assertEquals(Verdict.allow(), engine.evaluate(login(client(Network.MSN, "Windows Messenger", "4.7.3001"))).verdict());
    }

    @Test
    void flagsAndBlocksExternalMessagesOnly() throws Exception {
        PolicyEngine engine = shipped();
        assertInstanceOf(Verdict.Flag.class,
                engine.evaluate(message(Network.XMPP, Direction.EXTERNAL, "Guaranteed returns, trust me")).verdict());
        assertInstanceOf(Verdict.Block.class,
                engine.evaluate(message(Network.MSN, Direction.EXTERNAL, "my card number is ...")).verdict());
        assertEquals(Verdict.allow(),
                engine.evaluate(message(Network.MSN, Direction.INTERNAL, "my card number is ...")).verdict());
    }
}

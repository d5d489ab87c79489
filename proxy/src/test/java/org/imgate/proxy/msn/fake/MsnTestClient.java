package org.imgate.proxy.msn.fake;

import java.io.IOException;

import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnProtocolException;

/**
 * What a test does with an MSN client connection, whether it runs over TCP ({@link FakeMsnClient}) or
 * through the HTTP gateway ({@link FakeGatewayClient}): one conversation script serves both.
 */
public interface MsnTestClient extends AutoCloseable {

    /** Sends a command with the next transaction id; returns that id. */
    int command(String verb, String args) throws IOException, MsnProtocolException;

    /** Sends a payload command with the next transaction id; returns that id. */
    int payloadCommand(String verb, String args, byte[] payload) throws IOException, MsnProtocolException;

    /** The next command with this verb, skipping others; fails after a timeout. */
    MsnCommand expect(String verb) throws IOException, MsnProtocolException;

    @Override
    void close() throws IOException;
}

package org.imgate.proxy.msn.codec;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Both decoders of one MSNP connection, kept on the same protocol version: the server's {@code VER}
 * reply sets the version the client's later commands are framed by. Not thread-safe; one per
 * connection.
 */
public final class MsnFraming {

    private final MsnDecoder fromClient;
    private final MsnDecoder fromServer;

    public MsnFraming(MsnLimits limits, int initialVersion) {
        this.fromClient = new MsnDecoder(Origin.CLIENT, limits, initialVersion);
        this.fromServer = new MsnDecoder(Origin.SERVER, limits, initialVersion);
    }

    public MsnFraming() {
        this(MsnLimits.DEFAULT, MsnDecoder.DEFAULT_VERSION);
    }

    public List<MsnCommand> fromClient(ByteBuffer chunk) throws MsnProtocolException {
        return fromClient.decode(chunk);
    }

    public List<MsnCommand> fromServer(ByteBuffer chunk) throws MsnProtocolException {
        List<MsnCommand> commands = fromServer.decode(chunk);
        if (fromServer.protocolVersion() != fromClient.protocolVersion()) {
            fromClient.protocolVersion(fromServer.protocolVersion());
        }
        return commands;
    }

    public List<MsnCommand> decode(Origin origin, byte[] chunk) throws MsnProtocolException {
        return origin == Origin.CLIENT ? fromClient(ByteBuffer.wrap(chunk)) : fromServer(ByteBuffer.wrap(chunk));
    }

    public int protocolVersion() {
        return fromServer.protocolVersion();
    }

    public MsnDecoder decoder(Origin origin) {
        return origin == Origin.CLIENT ? fromClient : fromServer;
    }
}

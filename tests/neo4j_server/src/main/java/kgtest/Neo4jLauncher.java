package kgtest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs a real Neo4j Community server (the embedded DBMS plus its Bolt connector) for tests and local development.
 *
 * <pre>
 * java -cp "target/classes:target/lib/*" kgtest.Neo4jLauncher --home DIR --port PORT --password PW [--stop-on-stdin-eof]
 * </pre>
 *
 * Prints {@code READY bolt://127.0.0.1:PORT} once Bolt accepts connections, then runs until SIGTERM/SIGINT (or, with
 * {@code --stop-on-stdin-eof}, until stdin closes: the test fixture uses this so that a killed pytest never leaves an
 * orphan server behind). The store lives in DIR and survives restarts.
 */
public final class Neo4jLauncher {

    public static void main(String[] args) {
        try {
            run(parseArgs(args));
        } catch (Throwable e) {
            // Exit for sure: Neo4j's non-daemon threads would otherwise keep a half-started server alive.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Map<String, String> opts) throws Exception {
        Path home = Path.of(opts.get("--home")).toAbsolutePath();
        int port = Integer.parseInt(opts.get("--port"));
        String password = opts.get("--password");
        long pageCacheMb = Long.parseLong(opts.getOrDefault("--pagecache-mb", "64"));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                // Bolt on loopback only: the test server must never be reachable from outside the machine.
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                // No HTTP, no server-side routing connector (it would take a second fixed port, 7688).
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.routing_enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // Small footprint by default: tests use tiny graphs; benchmarks ask for a larger page cache.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(1))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt waits 5 s + 5 s for idle connections and worker threads on shutdown; tests need no grace period.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();
        // Registered right after build() so that whatever ends the JVM (SIGTERM, Ctrl+C, stdin EOF) flushes the store.
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

        setPassword(dbms, password);
        waitForBolt(port);
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();

        if (opts.containsKey("--stop-on-stdin-eof")) {
            InputStream in = System.in;
            while (in.read() != -1) {
                // Ignore input; only its end matters.
            }
            System.exit(0); // runs the shutdown hook
        }
        Thread.currentThread().join(); // until a signal ends the JVM
    }

    /**
     * A fresh home has user neo4j with password "neo4j" that must be changed on first login. Embedded transactions
     * run with full rights, so the system database accepts the admin command directly; on a later start with the same
     * password Neo4j refuses "old and new password are the same", which is the state we want anyway.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    /** build() returns once the DBMS is started; poll anyway so READY is only printed when a client can connect. */
    private static void waitForBolt(int port) throws InterruptedException {
        for (int attempt = 0; attempt < 300; attempt++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Bolt did not start listening on 127.0.0.1:" + port);
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--stop-on-stdin-eof")) {
                opts.put(args[i], "");
            } else if (i + 1 < args.length && (args[i].equals("--home") || args[i].equals("--port")
                    || args[i].equals("--password") || args[i].equals("--pagecache-mb"))) {
                opts.put(args[i], args[++i]);
            } else {
                usage("unknown or incomplete argument: " + args[i]);
            }
        }
        for (String required : new String[] {"--home", "--port", "--password"}) {
            if (!opts.containsKey(required)) {
                usage("missing " + required);
            }
        }
        return opts;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: Neo4jLauncher --home DIR --port PORT --password PW [--stop-on-stdin-eof]");
        System.exit(2);
    }
}

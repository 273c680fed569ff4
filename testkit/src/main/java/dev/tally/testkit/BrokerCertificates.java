package dev.tally.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for 127.0.0.1 and localhost, and a truststore holding it, made by keytool. */
final class BrokerCertificates {

    private BrokerCertificates() {
    }

    static void make(Path directory, Path keystore, Path truststore, String password, String storeType)
            throws IOException, InterruptedException {
        Path certificate = directory.resolve("broker.crt");
        keytool(directory, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "7", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", storeType, "-storepass", password,
                "-keypass", password);
        keytool(directory, "-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(),
                "-keystore", keystore.toString(), "-storetype", storeType, "-storepass", password);
        keytool(directory, "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", storeType, "-storepass", password);
    }

    private static void keytool(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Path log = directory.resolve("keytool.log");
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            keytool.destroyForcibly();
            throw new IllegalStateException("keytool " + arguments[0] + " failed; see " + log + ":\n"
                    + Files.readString(log));
        }
    }
}

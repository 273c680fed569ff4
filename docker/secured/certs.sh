#!/bin/sh
# Makes the secured profile's TLS material and client settings into /certs, once (a second run keeps them):
#   broker.p12      the broker's key and self-signed certificate, for the names kafka-secured and localhost
#   truststore.p12  that certificate, for every client
#   admin.properties, worker.properties  Kafka client settings of the operator and of the worker
# Passwords come from the environment; they are for a local demo only.
set -eu
cd /certs
if [ -f truststore.p12 ]; then
  echo "certificates exist; kept"
  exit 0
fi
keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 365 -dname CN=kafka-secured \
  -ext SAN=dns:kafka-secured,dns:localhost -keystore broker.p12 -storetype PKCS12 \
  -storepass "$STORE_PASSWORD" -keypass "$STORE_PASSWORD"
keytool -exportcert -alias broker -rfc -file broker.crt -keystore broker.p12 -storetype PKCS12 \
  -storepass "$STORE_PASSWORD"
keytool -importcert -noprompt -alias broker -file broker.crt -keystore truststore.p12 -storetype PKCS12 \
  -storepass "$STORE_PASSWORD"
for user in admin worker; do
  if [ "$user" = admin ]; then password="$ADMIN_PASSWORD"; else password="$WORKER_PASSWORD"; fi
  cat > "$user.properties" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$user" password="$password";
ssl.truststore.type=PKCS12
ssl.truststore.location=/certs/truststore.p12
ssl.truststore.password=$STORE_PASSWORD
PROPERTIES
done
# The broker (user appuser) and the CLI images (user tally) read these.
chmod 644 ./*
echo "certificates made"

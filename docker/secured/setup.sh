#!/bin/sh
# As the operator: creates the operator's topics (the worker may not create topics), the worker's SCRAM credential
# and the worker's ACLs — exactly those docs/security.md lists. Every step can run again without changing anything.
set -eu
bin=/opt/kafka/bin
admin="--bootstrap-server kafka-secured:9094 --command-config /certs/admin.properties"
$bin/kafka-topics.sh $admin --create --if-not-exists --topic tally.commands --partitions 12
$bin/kafka-topics.sh $admin --create --if-not-exists --topic tally.results --partitions 1
$bin/kafka-topics.sh $admin --create --if-not-exists --topic tally.commands.DLT --partitions 12 \
  --config max.message.bytes=2097152
$bin/kafka-configs.sh $admin --alter --entity-type users --entity-name worker \
  --add-config "SCRAM-SHA-512=[password=$WORKER_PASSWORD]"
acl="$bin/kafka-acls.sh $admin --add --allow-principal User:worker"
$acl --topic tally.commands --operation Read --operation Describe --operation DescribeConfigs
$acl --topic tally.results --operation Write --operation Describe --operation DescribeConfigs
$acl --topic tally.commands.DLT --operation Write --operation Describe --operation DescribeConfigs
$acl --topic tally.balances --operation Read --operation Write --operation Describe --operation DescribeConfigs
$acl --topic tally.client. --resource-pattern-type prefixed \
  --operation Read --operation Write --operation Describe --operation DescribeConfigs
$acl --group tally-worker --operation Read --operation Describe
$acl --transactional-id tally-worker- --resource-pattern-type prefixed --operation Write --operation Describe
echo "operator topics, the worker's credential and its ACLs are in place"

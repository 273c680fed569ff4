/**
 * A client's access to the broker (contract v1.2): its three topics, its SCRAM credential and its ACLs, made and
 * removed through Kafka's Admin API with the operator's credentials, and the database's memory of the names in use.
 */
package dev.tally.producer.clients;

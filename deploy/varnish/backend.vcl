# The gateway's web listener (HTTP/1.1).
backend gateway {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 10s;
}

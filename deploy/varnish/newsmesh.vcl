# Varnish 7 in front of the gateway's web listener, purged by surrogate key. The gateway names the parts of every
# public answer in Surrogate-Key; xkey indexes them, and the mesh's purger (the webhook service, Purge:Address)
# sends one PURGE per change with the keys it touches in xkey-purge. Answers stay for their Cache-Control max-age
# unless purged first; credentialed requests and private answers never enter the cache (Varnish's built-in rules).
#
#   varnishd -a :6081 -f /etc/varnish/newsmesh.vcl -p vcl_path=/etc/varnish   (backend.vcl beside this file)
vcl 4.1;

import xkey;

# Where the gateway is; replace the file, not this one, to point elsewhere.
include "backend.vcl";

# Who may purge: the mesh's own network, never the Internet.
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "A PURGE names its keys in xkey-purge"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method == "BAN") {
        # The purger lost track of the changes (its position expired): nothing held can be trusted.
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        ban("obj.status != 0");
        return (synth(200, "Banned everything"));
    }
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
}

sub vcl_deliver {
    unset resp.http.xkey;
}

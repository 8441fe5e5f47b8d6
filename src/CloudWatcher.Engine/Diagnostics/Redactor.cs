using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace CloudWatcher.Diagnostics;

/// <summary>
/// Keeps credentials out of any text that reaches the user (errors, warnings, verbose and debug output): the secret
/// keys and session tokens this process has used are replaced wherever they appear, and so are the values of
/// signature, token and credential fields that a server may quote back from a signed request.
/// </summary>
public static partial class Redactor
{
    private const string Mask = "****";
    private static readonly ConcurrentDictionary<string, byte> Secrets = new(StringComparer.Ordinal);

    /// <summary>Remembers a secret (a secret key, a session token) so that it is masked from now on.</summary>
    public static void Register(string? secret)
    {
        // Short values would mask ordinary words; real keys and tokens are long.
        if (secret is { Length: >= 12 })
        {
            Secrets.TryAdd(secret, 0);
        }
    }

    /// <summary>The text with every known secret and every quoted signature, token or credential masked.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        foreach (var secret in Secrets.Keys)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        text = SecretField().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + Mask);
        return AccessKeyInCredential().Replace(text, m => m.Groups["name"].Value + Mask + m.Groups["tail"].Value);
    }

    // X-Amz-Security-Token=…, X-Amz-Signature: …, "SessionToken":"…", Signature=…, aws_secret_access_key = …
    [GeneratedRegex(@"(?<name>x-amz-security-token|x-amz-signature|signature|sessiontoken|session_token|securitytoken|secretaccesskey|secret_access_key|secretkey|aws_session_token|aws_secret_access_key)(?<sep>""?\s*[=:]\s*""?)[A-Za-z0-9/+=%_\-]{12,}",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretField();

    // Credential=AKIAXXXXXXXXXXXXXXXX/20261201/… keeps the last four characters of the key id, as the console does.
    [GeneratedRegex(@"(?<name>Credential=)[A-Z0-9]{12,}(?<tail>[A-Z0-9]{4}/)", RegexOptions.CultureInvariant)]
    private static partial Regex AccessKeyInCredential();
}

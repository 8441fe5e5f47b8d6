using System.Text;

namespace CloudWatcher.Emulator.Protocol;

/// <summary>Opaque pagination tokens: base64url of a small "kind:payload" string.</summary>
internal static class OpaqueToken
{
    public static string Encode(string kind, string payload) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(kind + ":" + payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a token of the given kind; null when it is not one.</summary>
    public static string? Decode(string kind, string token)
    {
        try
        {
            string b64 = token.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - b64.Length % 4) % 4);
            string s = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            return s.StartsWith(kind + ":", StringComparison.Ordinal) ? s[(kind.Length + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static int? DecodeOffset(string kind, string token) =>
        Decode(kind, token) is { } p && int.TryParse(p, out int n) && n >= 0 ? n : null;
}

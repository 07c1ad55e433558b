/**
 * Places that frame every document (Guangdong, Hong Kong, the region): naming one does not narrow a count, and a
 * place answer prefers a more specific one.
 */
export const HOME_PLACES: ReadonlySet<string> = new Set([
  '广东', '广东省', '香港', '粤', '粤港', '粤港澳', '中国', '内地', '全国', '全省', '大湾区', '珠三角', '泛珠', '泛珠三角', '澳门', '国内',
]);
